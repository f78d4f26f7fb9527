# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'attendee_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QGridLayout, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

class Ui_AttendeeDialog(object):
    def setupUi(self, AttendeeDialog):
        if not AttendeeDialog.objectName():
            AttendeeDialog.setObjectName(u"AttendeeDialog")
        AttendeeDialog.resize(560, 240)
        self.main_layout = QVBoxLayout(AttendeeDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.intro_label = QLabel(AttendeeDialog)
        self.intro_label.setObjectName(u"intro_label")
        self.intro_label.setWordWrap(True)

        self.main_layout.addWidget(self.intro_label)

        self.form_error = QLabel(AttendeeDialog)
        self.form_error.setObjectName(u"form_error")
        self.form_error.setProperty(u"role", u"error")
        self.form_error.setWordWrap(True)

        self.main_layout.addWidget(self.form_error)

        self.fields_layout = QGridLayout()
        self.fields_layout.setObjectName(u"fields_layout")
        self.fields_layout.setHorizontalSpacing(12)
        self.fields_layout.setVerticalSpacing(4)
        self.member_label = QLabel(AttendeeDialog)
        self.member_label.setObjectName(u"member_label")

        self.fields_layout.addWidget(self.member_label, 0, 0, 1, 1)

        self.member_combo = QComboBox(AttendeeDialog)
        self.member_combo.setObjectName(u"member_combo")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.member_combo.sizePolicy().hasHeightForWidth())
        self.member_combo.setSizePolicy(sizePolicy)

        self.fields_layout.addWidget(self.member_combo, 0, 1, 1, 1)

        self.member_error = QLabel(AttendeeDialog)
        self.member_error.setObjectName(u"member_error")
        self.member_error.setProperty(u"role", u"error")
        self.member_error.setWordWrap(True)

        self.fields_layout.addWidget(self.member_error, 1, 1, 1, 1)

        self.person_label = QLabel(AttendeeDialog)
        self.person_label.setObjectName(u"person_label")

        self.fields_layout.addWidget(self.person_label, 2, 0, 1, 1)

        self.person_layout = QHBoxLayout()
        self.person_layout.setObjectName(u"person_layout")
        self.person_combo = QComboBox(AttendeeDialog)
        self.person_combo.setObjectName(u"person_combo")
        sizePolicy.setHeightForWidth(self.person_combo.sizePolicy().hasHeightForWidth())
        self.person_combo.setSizePolicy(sizePolicy)

        self.person_layout.addWidget(self.person_combo)

        self.new_person_button = QPushButton(AttendeeDialog)
        self.new_person_button.setObjectName(u"new_person_button")
        self.new_person_button.setAutoDefault(False)

        self.person_layout.addWidget(self.new_person_button)


        self.fields_layout.addLayout(self.person_layout, 2, 1, 1, 1)

        self.person_error = QLabel(AttendeeDialog)
        self.person_error.setObjectName(u"person_error")
        self.person_error.setProperty(u"role", u"error")
        self.person_error.setWordWrap(True)

        self.fields_layout.addWidget(self.person_error, 3, 1, 1, 1)

        self.capacity_label = QLabel(AttendeeDialog)
        self.capacity_label.setObjectName(u"capacity_label")

        self.fields_layout.addWidget(self.capacity_label, 4, 0, 1, 1)

        self.capacity_edit = QLineEdit(AttendeeDialog)
        self.capacity_edit.setObjectName(u"capacity_edit")

        self.fields_layout.addWidget(self.capacity_edit, 4, 1, 1, 1)

        self.capacity_error = QLabel(AttendeeDialog)
        self.capacity_error.setObjectName(u"capacity_error")
        self.capacity_error.setProperty(u"role", u"error")
        self.capacity_error.setWordWrap(True)

        self.fields_layout.addWidget(self.capacity_error, 5, 1, 1, 1)


        self.main_layout.addLayout(self.fields_layout)

        self.bottom_spacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.bottom_spacer)

        self.button_box = QDialogButtonBox(AttendeeDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.member_label.setBuddy(self.member_combo)
        self.person_label.setBuddy(self.person_combo)
        self.capacity_label.setBuddy(self.capacity_edit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(AttendeeDialog)

        QMetaObject.connectSlotsByName(AttendeeDialog)
    # setupUi

    def retranslateUi(self, AttendeeDialog):
        AttendeeDialog.setWindowTitle(QCoreApplication.translate("AttendeeDialog", u"Attendance", None))
#if QT_CONFIG(accessibility)
        AttendeeDialog.setAccessibleName(QCoreApplication.translate("AttendeeDialog", u"Add to the attendance list", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.intro_label.setAccessibleName(QCoreApplication.translate("AttendeeDialog", u"About this form", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.form_error.setAccessibleName(QCoreApplication.translate("AttendeeDialog", u"Problem adding to the attendance list", None))
#endif // QT_CONFIG(accessibility)
        self.member_label.setText(QCoreApplication.translate("AttendeeDialog", u"&Member sending apologies:", None))
#if QT_CONFIG(accessibility)
        self.member_combo.setAccessibleName(QCoreApplication.translate("AttendeeDialog", u"Member the substitute stands in for", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.member_error.setAccessibleName(QCoreApplication.translate("AttendeeDialog", u"Problem with the member", None))
#endif // QT_CONFIG(accessibility)
        self.person_label.setText(QCoreApplication.translate("AttendeeDialog", u"&Person:", None))
#if QT_CONFIG(accessibility)
        self.person_combo.setAccessibleName(QCoreApplication.translate("AttendeeDialog", u"Person", None))
#endif // QT_CONFIG(accessibility)
        self.new_person_button.setText(QCoreApplication.translate("AttendeeDialog", u"&New person\u2026", None))
#if QT_CONFIG(accessibility)
        self.new_person_button.setAccessibleName(QCoreApplication.translate("AttendeeDialog", u"New person", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.person_error.setAccessibleName(QCoreApplication.translate("AttendeeDialog", u"Problem with the person", None))
#endif // QT_CONFIG(accessibility)
        self.capacity_label.setText(QCoreApplication.translate("AttendeeDialog", u"&Capacity:", None))
#if QT_CONFIG(accessibility)
        self.capacity_edit.setAccessibleName(QCoreApplication.translate("AttendeeDialog", u"Capacity", None))
#endif // QT_CONFIG(accessibility)
        self.capacity_edit.setPlaceholderText(QCoreApplication.translate("AttendeeDialog", u"e.g. Clerk to the group, Head of SEN Service", None))
#if QT_CONFIG(accessibility)
        self.capacity_error.setAccessibleName(QCoreApplication.translate("AttendeeDialog", u"Problem with the capacity", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

