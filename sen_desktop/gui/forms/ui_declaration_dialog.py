# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'declaration_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QGridLayout, QLabel,
    QPlainTextEdit, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_DeclarationDialog(object):
    def setupUi(self, DeclarationDialog):
        if not DeclarationDialog.objectName():
            DeclarationDialog.setObjectName(u"DeclarationDialog")
        DeclarationDialog.resize(560, 340)
        self.main_layout = QVBoxLayout(DeclarationDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.form_error = QLabel(DeclarationDialog)
        self.form_error.setObjectName(u"form_error")
        self.form_error.setProperty(u"role", u"error")
        self.form_error.setWordWrap(True)

        self.main_layout.addWidget(self.form_error)

        self.fields_layout = QGridLayout()
        self.fields_layout.setObjectName(u"fields_layout")
        self.fields_layout.setHorizontalSpacing(12)
        self.fields_layout.setVerticalSpacing(4)
        self.person_label = QLabel(DeclarationDialog)
        self.person_label.setObjectName(u"person_label")

        self.fields_layout.addWidget(self.person_label, 0, 0, 1, 1)

        self.person_combo = QComboBox(DeclarationDialog)
        self.person_combo.setObjectName(u"person_combo")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.person_combo.sizePolicy().hasHeightForWidth())
        self.person_combo.setSizePolicy(sizePolicy)

        self.fields_layout.addWidget(self.person_combo, 0, 1, 1, 1)

        self.person_error = QLabel(DeclarationDialog)
        self.person_error.setObjectName(u"person_error")
        self.person_error.setProperty(u"role", u"error")
        self.person_error.setWordWrap(True)

        self.fields_layout.addWidget(self.person_error, 1, 1, 1, 1)

        self.item_label = QLabel(DeclarationDialog)
        self.item_label.setObjectName(u"item_label")

        self.fields_layout.addWidget(self.item_label, 2, 0, 1, 1)

        self.item_combo = QComboBox(DeclarationDialog)
        self.item_combo.setObjectName(u"item_combo")
        sizePolicy.setHeightForWidth(self.item_combo.sizePolicy().hasHeightForWidth())
        self.item_combo.setSizePolicy(sizePolicy)

        self.fields_layout.addWidget(self.item_combo, 2, 1, 1, 1)

        self.item_error = QLabel(DeclarationDialog)
        self.item_error.setObjectName(u"item_error")
        self.item_error.setProperty(u"role", u"error")
        self.item_error.setWordWrap(True)

        self.fields_layout.addWidget(self.item_error, 3, 1, 1, 1)

        self.type_label = QLabel(DeclarationDialog)
        self.type_label.setObjectName(u"type_label")

        self.fields_layout.addWidget(self.type_label, 4, 0, 1, 1)

        self.type_combo = QComboBox(DeclarationDialog)
        self.type_combo.setObjectName(u"type_combo")
        sizePolicy.setHeightForWidth(self.type_combo.sizePolicy().hasHeightForWidth())
        self.type_combo.setSizePolicy(sizePolicy)

        self.fields_layout.addWidget(self.type_combo, 4, 1, 1, 1)

        self.type_error = QLabel(DeclarationDialog)
        self.type_error.setObjectName(u"type_error")
        self.type_error.setProperty(u"role", u"error")
        self.type_error.setWordWrap(True)

        self.fields_layout.addWidget(self.type_error, 5, 1, 1, 1)

        self.nature_label = QLabel(DeclarationDialog)
        self.nature_label.setObjectName(u"nature_label")

        self.fields_layout.addWidget(self.nature_label, 6, 0, 1, 1, Qt.AlignmentFlag.AlignTop)

        self.nature_edit = QPlainTextEdit(DeclarationDialog)
        self.nature_edit.setObjectName(u"nature_edit")
        self.nature_edit.setTabChangesFocus(True)
        self.nature_edit.setMaximumSize(QSize(16777215, 96))

        self.fields_layout.addWidget(self.nature_edit, 6, 1, 1, 1)

        self.nature_error = QLabel(DeclarationDialog)
        self.nature_error.setObjectName(u"nature_error")
        self.nature_error.setProperty(u"role", u"error")
        self.nature_error.setWordWrap(True)

        self.fields_layout.addWidget(self.nature_error, 7, 1, 1, 1)

        self.left_room_check = QCheckBox(DeclarationDialog)
        self.left_room_check.setObjectName(u"left_room_check")

        self.fields_layout.addWidget(self.left_room_check, 8, 1, 1, 1)


        self.main_layout.addLayout(self.fields_layout)

        self.bottom_spacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.bottom_spacer)

        self.button_box = QDialogButtonBox(DeclarationDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.person_label.setBuddy(self.person_combo)
        self.item_label.setBuddy(self.item_combo)
        self.type_label.setBuddy(self.type_combo)
        self.nature_label.setBuddy(self.nature_edit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(DeclarationDialog)

        QMetaObject.connectSlotsByName(DeclarationDialog)
    # setupUi

    def retranslateUi(self, DeclarationDialog):
        DeclarationDialog.setWindowTitle(QCoreApplication.translate("DeclarationDialog", u"Declaration of interest", None))
#if QT_CONFIG(accessibility)
        DeclarationDialog.setAccessibleName(QCoreApplication.translate("DeclarationDialog", u"Declaration of interest", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.form_error.setAccessibleName(QCoreApplication.translate("DeclarationDialog", u"Problem saving this declaration", None))
#endif // QT_CONFIG(accessibility)
        self.person_label.setText(QCoreApplication.translate("DeclarationDialog", u"&Person:", None))
#if QT_CONFIG(accessibility)
        self.person_combo.setAccessibleName(QCoreApplication.translate("DeclarationDialog", u"Person declaring", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.person_error.setAccessibleName(QCoreApplication.translate("DeclarationDialog", u"Problem with the person", None))
#endif // QT_CONFIG(accessibility)
        self.item_label.setText(QCoreApplication.translate("DeclarationDialog", u"&Item:", None))
#if QT_CONFIG(accessibility)
        self.item_combo.setAccessibleName(QCoreApplication.translate("DeclarationDialog", u"Agenda item", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.item_error.setAccessibleName(QCoreApplication.translate("DeclarationDialog", u"Problem with the item", None))
#endif // QT_CONFIG(accessibility)
        self.type_label.setText(QCoreApplication.translate("DeclarationDialog", u"&Type of interest:", None))
#if QT_CONFIG(accessibility)
        self.type_combo.setAccessibleName(QCoreApplication.translate("DeclarationDialog", u"Type of interest", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.type_error.setAccessibleName(QCoreApplication.translate("DeclarationDialog", u"Problem with the type of interest", None))
#endif // QT_CONFIG(accessibility)
        self.nature_label.setText(QCoreApplication.translate("DeclarationDialog", u"&Nature of the interest:", None))
#if QT_CONFIG(accessibility)
        self.nature_edit.setAccessibleName(QCoreApplication.translate("DeclarationDialog", u"Nature of the interest", None))
#endif // QT_CONFIG(accessibility)
        self.nature_edit.setPlaceholderText(QCoreApplication.translate("DeclarationDialog", u"e.g. Governor of Oak School", None))
#if QT_CONFIG(accessibility)
        self.nature_error.setAccessibleName(QCoreApplication.translate("DeclarationDialog", u"Problem with the nature of the interest", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.left_room_check.setAccessibleName(QCoreApplication.translate("DeclarationDialog", u"Left the room for the item", None))
#endif // QT_CONFIG(accessibility)
        self.left_room_check.setText(QCoreApplication.translate("DeclarationDialog", u"&Left the room for the item", None))
    # retranslateUi

