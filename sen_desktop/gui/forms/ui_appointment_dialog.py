# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'appointment_dialog.ui'
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
    QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout,
    QLabel, QLineEdit, QPushButton, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

from sen_desktop.gui.common.date_fields import DateField

class Ui_AppointmentDialog(object):
    def setupUi(self, AppointmentDialog):
        if not AppointmentDialog.objectName():
            AppointmentDialog.setObjectName(u"AppointmentDialog")
        AppointmentDialog.resize(560, 240)
        self.main_layout = QVBoxLayout(AppointmentDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.form_error = QLabel(AppointmentDialog)
        self.form_error.setObjectName(u"form_error")
        self.form_error.setProperty(u"role", u"error")
        self.form_error.setWordWrap(True)

        self.main_layout.addWidget(self.form_error)

        self.fields_layout = QGridLayout()
        self.fields_layout.setObjectName(u"fields_layout")
        self.fields_layout.setHorizontalSpacing(12)
        self.fields_layout.setVerticalSpacing(4)
        self.seat_label = QLabel(AppointmentDialog)
        self.seat_label.setObjectName(u"seat_label")

        self.fields_layout.addWidget(self.seat_label, 0, 0, 1, 1)

        self.seat_edit = QLineEdit(AppointmentDialog)
        self.seat_edit.setObjectName(u"seat_edit")
        self.seat_edit.setReadOnly(True)

        self.fields_layout.addWidget(self.seat_edit, 0, 1, 1, 1)

        self.seat_error = QLabel(AppointmentDialog)
        self.seat_error.setObjectName(u"seat_error")
        self.seat_error.setProperty(u"role", u"error")
        self.seat_error.setWordWrap(True)

        self.fields_layout.addWidget(self.seat_error, 1, 1, 1, 1)

        self.person_label = QLabel(AppointmentDialog)
        self.person_label.setObjectName(u"person_label")

        self.fields_layout.addWidget(self.person_label, 2, 0, 1, 1)

        self.person_layout = QHBoxLayout()
        self.person_layout.setObjectName(u"person_layout")
        self.person_combo = QComboBox(AppointmentDialog)
        self.person_combo.setObjectName(u"person_combo")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.person_combo.sizePolicy().hasHeightForWidth())
        self.person_combo.setSizePolicy(sizePolicy)

        self.person_layout.addWidget(self.person_combo)

        self.new_person_button = QPushButton(AppointmentDialog)
        self.new_person_button.setObjectName(u"new_person_button")
        self.new_person_button.setAutoDefault(False)

        self.person_layout.addWidget(self.new_person_button)


        self.fields_layout.addLayout(self.person_layout, 2, 1, 1, 1)

        self.person_error = QLabel(AppointmentDialog)
        self.person_error.setObjectName(u"person_error")
        self.person_error.setProperty(u"role", u"error")
        self.person_error.setWordWrap(True)

        self.fields_layout.addWidget(self.person_error, 3, 1, 1, 1)

        self.start_date_label = QLabel(AppointmentDialog)
        self.start_date_label.setObjectName(u"start_date_label")

        self.fields_layout.addWidget(self.start_date_label, 4, 0, 1, 1)

        self.start_date_edit = DateField(AppointmentDialog)
        self.start_date_edit.setObjectName(u"start_date_edit")

        self.fields_layout.addWidget(self.start_date_edit, 4, 1, 1, 1)

        self.start_date_error = QLabel(AppointmentDialog)
        self.start_date_error.setObjectName(u"start_date_error")
        self.start_date_error.setProperty(u"role", u"error")
        self.start_date_error.setWordWrap(True)

        self.fields_layout.addWidget(self.start_date_error, 5, 1, 1, 1)

        self.end_date_label = QLabel(AppointmentDialog)
        self.end_date_label.setObjectName(u"end_date_label")

        self.fields_layout.addWidget(self.end_date_label, 6, 0, 1, 1)

        self.end_date_layout = QHBoxLayout()
        self.end_date_layout.setObjectName(u"end_date_layout")
        self.has_end_date_check = QCheckBox(AppointmentDialog)
        self.has_end_date_check.setObjectName(u"has_end_date_check")

        self.end_date_layout.addWidget(self.has_end_date_check)

        self.end_date_edit = DateField(AppointmentDialog)
        self.end_date_edit.setObjectName(u"end_date_edit")
        self.end_date_edit.setEnabled(False)
        sizePolicy.setHeightForWidth(self.end_date_edit.sizePolicy().hasHeightForWidth())
        self.end_date_edit.setSizePolicy(sizePolicy)

        self.end_date_layout.addWidget(self.end_date_edit)


        self.fields_layout.addLayout(self.end_date_layout, 6, 1, 1, 1)

        self.end_date_error = QLabel(AppointmentDialog)
        self.end_date_error.setObjectName(u"end_date_error")
        self.end_date_error.setProperty(u"role", u"error")
        self.end_date_error.setWordWrap(True)

        self.fields_layout.addWidget(self.end_date_error, 7, 1, 1, 1)

        self.meets_seat_rule_check = QCheckBox(AppointmentDialog)
        self.meets_seat_rule_check.setObjectName(u"meets_seat_rule_check")

        self.fields_layout.addWidget(self.meets_seat_rule_check, 8, 1, 1, 1)

        self.meets_seat_rule_error = QLabel(AppointmentDialog)
        self.meets_seat_rule_error.setObjectName(u"meets_seat_rule_error")
        self.meets_seat_rule_error.setProperty(u"role", u"error")
        self.meets_seat_rule_error.setWordWrap(True)

        self.fields_layout.addWidget(self.meets_seat_rule_error, 9, 1, 1, 1)


        self.main_layout.addLayout(self.fields_layout)

        self.bottom_spacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.bottom_spacer)

        self.button_box = QDialogButtonBox(AppointmentDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.seat_label.setBuddy(self.seat_edit)
        self.person_label.setBuddy(self.person_combo)
        self.start_date_label.setBuddy(self.start_date_edit)
        self.end_date_label.setBuddy(self.has_end_date_check)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.seat_edit, self.person_combo)
        QWidget.setTabOrder(self.person_combo, self.new_person_button)
        QWidget.setTabOrder(self.new_person_button, self.start_date_edit)
        QWidget.setTabOrder(self.start_date_edit, self.has_end_date_check)
        QWidget.setTabOrder(self.has_end_date_check, self.end_date_edit)
        QWidget.setTabOrder(self.end_date_edit, self.meets_seat_rule_check)

        self.retranslateUi(AppointmentDialog)
        self.has_end_date_check.toggled.connect(self.end_date_edit.setEnabled)

        QMetaObject.connectSlotsByName(AppointmentDialog)
    # setupUi

    def retranslateUi(self, AppointmentDialog):
        AppointmentDialog.setWindowTitle(QCoreApplication.translate("AppointmentDialog", u"Appoint to seat", None))
#if QT_CONFIG(accessibility)
        AppointmentDialog.setAccessibleName(QCoreApplication.translate("AppointmentDialog", u"Appoint a person to a seat", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.form_error.setAccessibleName(QCoreApplication.translate("AppointmentDialog", u"Problem saving this appointment", None))
#endif // QT_CONFIG(accessibility)
        self.seat_label.setText(QCoreApplication.translate("AppointmentDialog", u"Sea&t:", None))
#if QT_CONFIG(accessibility)
        self.seat_edit.setAccessibleName(QCoreApplication.translate("AppointmentDialog", u"Seat", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.seat_error.setAccessibleName(QCoreApplication.translate("AppointmentDialog", u"Problem with the seat", None))
#endif // QT_CONFIG(accessibility)
        self.person_label.setText(QCoreApplication.translate("AppointmentDialog", u"&Person:", None))
#if QT_CONFIG(accessibility)
        self.person_combo.setAccessibleName(QCoreApplication.translate("AppointmentDialog", u"Person", None))
#endif // QT_CONFIG(accessibility)
        self.new_person_button.setText(QCoreApplication.translate("AppointmentDialog", u"&New person\u2026", None))
#if QT_CONFIG(accessibility)
        self.new_person_button.setAccessibleName(QCoreApplication.translate("AppointmentDialog", u"New person", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.person_error.setAccessibleName(QCoreApplication.translate("AppointmentDialog", u"Problem with the person", None))
#endif // QT_CONFIG(accessibility)
        self.start_date_label.setText(QCoreApplication.translate("AppointmentDialog", u"Start &date:", None))
#if QT_CONFIG(accessibility)
        self.start_date_edit.setAccessibleName(QCoreApplication.translate("AppointmentDialog", u"Start date", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.start_date_edit.setToolTip(QCoreApplication.translate("AppointmentDialog", u"Day/month/year, like 14/01/2027 or 14 Jan 2027; Alt+Down or F4 for a calendar", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.start_date_error.setAccessibleName(QCoreApplication.translate("AppointmentDialog", u"Problem with the start date", None))
#endif // QT_CONFIG(accessibility)
        self.end_date_label.setText(QCoreApplication.translate("AppointmentDialog", u"&End date:", None))
        self.has_end_date_check.setText(QCoreApplication.translate("AppointmentDialog", u"&Has an end date", None))
#if QT_CONFIG(accessibility)
        self.has_end_date_check.setAccessibleName(QCoreApplication.translate("AppointmentDialog", u"Has an end date", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.end_date_edit.setAccessibleName(QCoreApplication.translate("AppointmentDialog", u"End date", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.end_date_edit.setToolTip(QCoreApplication.translate("AppointmentDialog", u"Day/month/year, like 14/01/2027 or 14 Jan 2027; Alt+Down or F4 for a calendar", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.end_date_error.setAccessibleName(QCoreApplication.translate("AppointmentDialog", u"Problem with the end date", None))
#endif // QT_CONFIG(accessibility)
        self.meets_seat_rule_check.setText(QCoreApplication.translate("AppointmentDialog", u"&From a school with a unit or lead school status", None))
#if QT_CONFIG(accessibility)
        self.meets_seat_rule_check.setAccessibleName(QCoreApplication.translate("AppointmentDialog", u"From a school with a unit or lead school status", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.meets_seat_rule_error.setAccessibleName(QCoreApplication.translate("AppointmentDialog", u"Problem with the seat rule", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

